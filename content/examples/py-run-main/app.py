# python app.py, with uvicorn.run("app:app", workers=2) under the __main__ guard. This file runs five
# times: once as __main__ in the parent, then in each spawned worker twice, once as __mp_main__
# (multiprocessing re-imports the main script in a fresh interpreter) and once as "app" (uvicorn
# imports the app by its import string). Only the code under the guard runs once.
# Without the guard, every worker would call uvicorn.run() again while it starts, and die.
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

import lab

lab.start("master" if __name__ == "__main__" else None)
print(f"module ran in pid {os.getpid()} as {__name__}", flush=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"lifespan startup ran in pid {os.getpid()}", flush=True)
    lab.event("lifespan-startup")
    yield


app = FastAPI(lifespan=lifespan)
app.add_middleware(lab.PidHeader)


@app.get("/", response_class=PlainTextResponse)
async def root():
    return f"worker {os.getpid()} answered\n"


if __name__ == "__main__":
    import uvicorn

    print(f"__main__ guard: pid {os.getpid()} calls uvicorn.run(workers=2)", flush=True)
    uvicorn.run("app:app", host="127.0.0.1", port=int(os.environ.get("PORT", "8000")), workers=2)
