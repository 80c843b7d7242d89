"""A package that provides no role at all."""
