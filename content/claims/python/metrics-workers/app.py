# A FastAPI app with prometheus-client metrics, served by several workers. Each worker counts its own
# start, so /metrics shows 1 when it reads only the answering worker's registry, and the number of
# workers when the multiprocess collector sums every worker's files (PROMETHEUS_MULTIPROC_DIR).
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, generate_latest, multiprocess

MULTIPROC = "PROMETHEUS_MULTIPROC_DIR" in os.environ

STARTS = Counter("app_worker_starts", "Worker processes started")
ALIVE = Gauge("app_workers_alive", "Worker processes running", multiprocess_mode="livesum")


@asynccontextmanager
async def lifespan(app: FastAPI):
    STARTS.inc()
    ALIVE.inc()
    print(f"lifespan startup in pid {os.getpid()}", flush=True)
    yield


app = FastAPI(lifespan=lifespan)


def registry():
    if not MULTIPROC:
        return REGISTRY  # this worker's metrics only
    merged = CollectorRegistry()  # a fresh registry per scrape, as prometheus-client's docs say
    multiprocess.MultiProcessCollector(merged)
    return merged


@app.get("/metrics")
def metrics():
    body = generate_latest(registry())
    for line in body.decode().splitlines():
        if line.startswith(("app_worker_starts_total", "app_workers_alive")):
            print(f"/metrics in pid {os.getpid()}: {line}", flush=True)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


@app.get("/crash")
def crash():
    print(f"/crash: pid {os.getpid()} exits now", flush=True)
    os._exit(1)
