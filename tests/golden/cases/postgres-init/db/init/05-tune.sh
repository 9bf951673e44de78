#!/bin/sh
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -c "ALTER SYSTEM SET work_mem = '16MB'"
