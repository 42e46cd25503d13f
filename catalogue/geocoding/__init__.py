"""Addresses: the BAN's own engine (addok, over Redis) in the local stack, loading BAN
files into it, and geocoding records in batches against it or any BAN-compatible API."""
