from fastapi import FastAPI

import secrets  # meant to be the secrets.py beside this file

app = FastAPI()


@app.get("/")
async def root():
    return {"key": secrets.API_KEY}
