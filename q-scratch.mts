import pg from "pg";
const c = new pg.Client(process.env.DATABASE_ADMIN_URL); await c.connect();
console.log((await c.query(process.argv[2])).rows); await c.end();
