// Prisma 7 loads no .env by itself, and env("DATABASE_URL") would throw when the variable is
// unset (breaking the postinstall `prisma generate`), so read process.env directly.
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL },
});
