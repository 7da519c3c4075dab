# @lru_cache on an async def caches the coroutine object, not its result.
import asyncio
from functools import lru_cache


@lru_cache
async def get_config():
    return {"debug": False}


async def main():
    print("first call:", await get_config(), flush=True)
    await get_config()  # the same, already awaited coroutine


asyncio.run(main())
