"""The queue that runs the SQLite store work on the event loop: order, turns, errors, context."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from makelaar.forms.web.werkrij import Werkrij

VERZOEK: contextvars.ContextVar[str] = contextvars.ContextVar("verzoek", default="-")


def test_jobs_run_in_arrival_order_one_per_turn_of_the_loop() -> None:
    events: list[str] = []

    async def main() -> list[int]:
        rij = Werkrij()
        loop = asyncio.get_running_loop()

        def job(n: int) -> int:
            events.append(f"job {n}")
            # a socket callback that became ready meanwhile runs before the next job
            loop.call_soon(events.append, f"io after {n}")
            return n * 10

        results = await asyncio.gather(*(rij.run(job, n) for n in range(4)))
        assert len(rij) == 0
        return list(results)

    assert asyncio.run(main()) == [0, 10, 20, 30]
    assert events == [
        "job 0",
        "io after 0",
        "job 1",
        "io after 1",
        "job 2",
        "io after 2",
        "job 3",
        "io after 3",
    ]


def test_an_error_goes_to_its_own_request_and_the_queue_goes_on() -> None:
    async def main() -> tuple[object, object]:
        rij = Werkrij()

        def fails() -> None:
            raise ValueError("kapot")

        outcome = await asyncio.gather(
            rij.run(fails), rij.run(lambda: "verder"), return_exceptions=True
        )
        return outcome[0], outcome[1]

    error, result = asyncio.run(main())
    assert isinstance(error, ValueError) and str(error) == "kapot"
    assert result == "verder"


def test_a_request_gone_before_its_turn_skips_its_job() -> None:
    ran: list[str] = []

    async def main() -> None:
        rij = Werkrij()
        first = asyncio.ensure_future(rij.run(ran.append, "eerste"))
        gone = asyncio.ensure_future(rij.run(ran.append, "weg"))
        last = asyncio.ensure_future(rij.run(ran.append, "laatste"))
        await asyncio.sleep(0)  # all three queued
        gone.cancel()
        await first
        await last
        with pytest.raises(asyncio.CancelledError):
            await gone

    asyncio.run(main())
    assert ran == ["eerste", "laatste"]


def test_each_job_sees_the_context_of_its_own_request() -> None:
    async def request(rij: Werkrij, naam: str) -> str:
        VERZOEK.set(naam)
        return await rij.run(VERZOEK.get)

    async def main() -> list[str]:
        rij = Werkrij()
        return list(await asyncio.gather(*(request(rij, f"r{n}") for n in range(3))))

    assert asyncio.run(main()) == ["r0", "r1", "r2"]
