"""Job engines for the pipeline (``JobQueue``): procrastinate on PostgreSQL."""
