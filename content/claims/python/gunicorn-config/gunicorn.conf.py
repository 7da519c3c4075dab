# A gunicorn config file: plain Python, read by the master before it forks any worker.
raw_env = ["FROM_CONF=set by raw_env in gunicorn.conf.py"]
