"""The home page: a welcome for an empty database, else where the funnel stands."""
