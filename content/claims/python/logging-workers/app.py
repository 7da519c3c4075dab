# An app that logs through the standard logging module, as most do, and configures nothing itself.
import logging
import os

from fastapi import FastAPI

log = logging.getLogger("app")
app = FastAPI()


@app.get("/")
async def root():
    log.info("app: handled / in pid %s", os.getpid())
    log.warning("app: a warning from pid %s", os.getpid())
    return {"pid": os.getpid()}
