# gunicorn reads gunicorn.conf.py from the working directory by default. These hooks print lab's
# markers for the master (gunicorn's arbiter) and its workers, for the processes table and timeline.
import lab

on_starting = lab.master_started  # in the master, before it binds (after --preload's import)
when_ready = lab.master_listening  # in the master: it holds the listening socket
post_fork = lab.worker_started  # in each new worker, right after the fork
child_exit = lab.worker_exited  # in the master, when it has reaped a worker

# gunicorn 26 opens a control socket in $XDG_RUNTIME_DIR or ~/.gunicorn by default (for gunicornc);
# these examples do not use it, and two sandboxes would share one path.
control_socket_disable = True
