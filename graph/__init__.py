"""The graph core: data model, IRIs, model-to-RDF mapping, stores, queries, validation."""
