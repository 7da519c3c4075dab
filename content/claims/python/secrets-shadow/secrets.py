# A local secrets.py, as the seed advises: it shadows the standard library's `secrets` module.
API_KEY = "not-a-real-key"
