# gunicorn -c logconf.py: logging configured once, by gunicorn, for every worker. Under gunicorn's
# UvicornWorker, uvicorn's own log_config is None, so this is where access and app logs are set up.
accesslog = "-"  # gunicorn's access log to stdout; the worker hands it to uvicorn.access

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s [%(process)d] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        # gunicorn's loggers already have their own handlers: no propagation, or each line prints twice
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
