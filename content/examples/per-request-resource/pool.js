// A stand-in for a database connection pool (an SQLAlchemy engine, an asyncpg pool).
// Creating it is expensive and should happen once per process; opening a session from it
// is cheap and happens per request. It counts sessions so /stats can show leaks.
class Pool {
  constructor() {
    this.opened = 0;
    this.closed = 0;
    console.log(`pool created in process ${process.pid}`);
  }

  openSession() {
    this.opened += 1;
    const id = this.opened;
    let open = true;
    console.log(`session #${id} opened`);
    return {
      id,
      close: () => {
        if (!open) return; // closing twice counts once
        open = false;
        this.closed += 1;
        console.log(`session #${id} closed`);
      },
    };
  }

  get stillOpen() {
    return this.opened - this.closed;
  }
}

module.exports = { Pool };
