"""The handreiking: guide content, templates, print stylesheet, charts and rendering to PDF/HTML."""
