# Where a gunicorn worker gets its configuration from: the environment (-e / raw_env), the config
# file, never the __main__ block. Also which logging configuration reaches uvicorn's loggers.
import logging
import os

from fastapi import FastAPI

print(f"module imported in pid {os.getpid()} as {__name__}", flush=True)
print(f"at import: GREETING={os.environ.get('GREETING')} FROM_CONF={os.environ.get('FROM_CONF')}", flush=True)

app = FastAPI()


@app.get("/")
async def root():
    logging.getLogger("uvicorn.error").info("handler ran in pid %d", os.getpid())
    return {"greeting": os.environ.get("GREETING")}


if __name__ == "__main__":
    # Never reached under gunicorn (or the uvicorn CLI): they import this file as the module "app".
    print("__main__ block ran", flush=True)
    os.environ["GREETING"] = "set in the __main__ block"
