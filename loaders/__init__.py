"""Loaders: readers that turn files into Notes, and extraction that turns Notes into claims."""
