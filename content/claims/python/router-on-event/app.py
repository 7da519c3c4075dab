# lifespan= on the app, plus on_event handlers on the app and on an included router.
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    print("lifespan startup", flush=True)
    yield


app = FastAPI(lifespan=lifespan)
router = APIRouter()


@app.on_event("startup")
async def app_startup():
    print("app on_event startup", flush=True)


@router.on_event("startup")
async def router_startup():
    print("router on_event startup", flush=True)


app.include_router(router)
