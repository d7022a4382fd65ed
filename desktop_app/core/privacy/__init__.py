"""Privacy: the egress guard, scope, forget, export, delete, audit, hygiene."""
