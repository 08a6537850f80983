#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here. `prisma generate`
# never calls it; anything that would (migrate, db push) fails loudly instead of doing nothing.
echo "The Prisma schema engine is not installed: use 'npm run db:migrate' (scripts/migrate.ts)." >&2
exit 1
