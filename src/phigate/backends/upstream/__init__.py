"""Model upstreams: any OpenAI-compatible server (``openai_compat``)."""
