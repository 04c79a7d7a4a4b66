"""Forms: asking brokers, partners and residents questions (XLSForm instruments, survey rounds)."""
