# Loop-bound objects made in one event loop and used in another. MAKE_AT=import builds them at import,
# inside asyncio.run() (a "warm-up" or a client's connect), whose loop is gone once uvicorn serves;
# MAKE_AT=lifespan builds them in lifespan startup, on the loop that serves the requests.
import asyncio
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

MAKE_AT = os.environ.get("MAKE_AT", "import")


class Client:
    """Stands in for an async driver: connecting leaves a pending future that a call waits on."""

    async def connect(self):
        self.reply = asyncio.get_running_loop().create_future()
        self.ready = asyncio.Event()
        try:  # waiting once binds the Event to this loop
            await asyncio.wait_for(self.ready.wait(), 0.01)
        except TimeoutError:
            pass
        return self

    async def call(self):
        asyncio.get_running_loop().call_later(0.01, self.reply.set_result, "pong")
        reply = await self.reply
        self.reply = asyncio.get_running_loop().create_future()  # the next call's reply
        return reply

    async def wait_ready(self):
        asyncio.get_running_loop().call_later(0.01, self.ready.set)
        await self.ready.wait()
        self.ready.clear()
        return "ready"


client = asyncio.run(Client().connect()) if MAKE_AT == "import" else None


@asynccontextmanager
async def lifespan(app: FastAPI):
    global client
    if MAKE_AT == "lifespan":
        client = await Client().connect()
    print(f"lifespan startup in pid {os.getpid()} (client made at {MAKE_AT})", flush=True)
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/call")
async def call():
    return {"reply": await client.call()}


@app.get("/ready")
async def ready():
    return {"state": await client.wait_ready()}
