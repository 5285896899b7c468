"""What every app shares, and nothing else: text folding (core.text), the prefix index for
suggestions (core.prefix), JSON error answers and strict query-parameter checks (core.http), and
the site's addresses (core.sites). No models; no imports from the project's apps."""
