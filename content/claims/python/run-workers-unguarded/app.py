# python app.py, with uvicorn.run at module level: no __main__ guard.
import os

import uvicorn
from fastapi import FastAPI

print(f"module ran in pid {os.getpid()} as {__name__}", flush=True)
app = FastAPI()

uvicorn.run("app:app", host="127.0.0.1", port=int(os.environ["PORT"]), workers=2)
