#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` never calls it; migrate and db commands do, and get pointed
# at this project's own tools (prisma/tools, docs/decisions/0001-migration-runner.md).
if [ "$1" = "--version" ]; then echo "schema-engine-cli stand-in"; exit 0; fi
echo "The native Prisma schema engine is not installed. Use: npm run db:migrate | db:status | db:new -- <name> | db:check | db:reset" >&2
exit 1
