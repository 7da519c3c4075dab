# gunicorn -c dup.conf.py: only the root logger set. gunicorn merges logconfig_dict over its defaults one
# top-level key at a time, and in those defaults gunicorn.error has its own handler AND propagates to root.
logconfig_dict = {"root": {"level": "INFO", "handlers": ["console"]}}
