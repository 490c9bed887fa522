"""Reading and writing games; converters to and from the peer libraries."""
