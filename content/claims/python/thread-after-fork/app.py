# A background exporter thread, the way a batch span processor (OpenTelemetry's BatchSpanProcessor)
# or a metrics pusher works: requests queue items, a thread sends them. EXPORTER_AT says where it is made:
#   import       - at import; under gunicorn --preload that is the master, before the fork
#   import+fork  - at import, with os.register_at_fork giving each child a new queue (new locks) and
#                  a new thread (what opentelemetry-sdk's batch processor does since 1.7.0)
#   import+thread - at import, with os.register_at_fork restarting only the thread: the queue, and the
#                  condition inside it, are the master's copy, which still lists the master's waiting thread
#   lifespan     - in each worker's lifespan startup, after the fork
import os
import queue
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI

WHERE = os.environ.get("EXPORTER_AT", "import")


class Exporter:
    def __init__(self):
        self.queue = queue.Queue()
        self.start()
        print(f"exporter thread started in pid {os.getpid()} ({WHERE})", flush=True)

    def start(self):
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            item = self.queue.get()
            print(f"exported {item} from pid {os.getpid()}", flush=True)

    def reinit(self):
        # In the child: the queue's lock and condition are copies of the master's, taken while the
        # master's thread waited on them. A fresh queue, then a fresh thread.
        self.queue = queue.Queue()
        self.start()

    def emit(self, item):
        # Said before the put: the exporter's line for this item can only come after it.
        print(f"queued {item} in pid {os.getpid()}; exporter thread alive: {self.thread.is_alive()}", flush=True)
        self.queue.put(item)


exporter = None
if WHERE.startswith("import"):
    exporter = Exporter()
    if WHERE == "import+fork":
        os.register_at_fork(after_in_child=exporter.reinit)
    elif WHERE == "import+thread":
        os.register_at_fork(after_in_child=exporter.start)


@asynccontextmanager
async def lifespan(app: FastAPI):
    global exporter
    if WHERE == "lifespan":
        exporter = Exporter()
    print(f"lifespan startup in pid {os.getpid()}", flush=True)
    yield


app = FastAPI(lifespan=lifespan)


answered = 0


@app.get("/")
async def root():
    global answered
    answered += 1
    exporter.emit(f"span #{answered}")
    return {"pid": os.getpid()}
