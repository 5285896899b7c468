"""Operations: health endpoint, database-outage page, request logs, backups (issue 8)."""
