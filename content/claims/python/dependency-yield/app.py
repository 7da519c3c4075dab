# When does the code after `yield` in a dependency run? Each step prints a line; the claims check
# their order on the pinned FastAPI.
import asyncio
import os
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def session():
    print("dependency: setup (open the session)", flush=True)
    yield "session"
    print("dependency: after yield (close the session)", flush=True)


async def function_scoped():
    print("function-scoped dependency: setup", flush=True)
    yield "session"
    print("function-scoped dependency: after yield", flush=True)


def background_job():
    print("background task: ran", flush=True)


@app.get("/plain")
async def plain(db: Annotated[str, Depends(session)], tasks: BackgroundTasks):
    tasks.add_task(background_job)
    print("endpoint: returned", flush=True)
    return {"pid": os.getpid()}


async def chunks(label: str):
    for i in (1, 2):
        await asyncio.sleep(0.2)
        print(f"stream: sent chunk {i} ({label})", flush=True)
        yield f"chunk {i}\n"


@app.get("/stream")
async def stream(db: Annotated[str, Depends(session)]):
    print("endpoint: returned a StreamingResponse", flush=True)
    return StreamingResponse(chunks("request scope"))


@app.get("/stream-function-scope")
async def stream_function_scope(db: Annotated[str, Depends(function_scoped, scope="function")]):
    print("endpoint: returned a StreamingResponse", flush=True)
    return StreamingResponse(chunks("function scope"))
