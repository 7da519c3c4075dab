# The shared client: None until lifespan startup builds it.
import os

client = None


def get_client():
    # Read the module attribute at call time, after lifespan has run.
    return client


print(f"resources imported in pid {os.getpid()}: client is {client}", flush=True)
