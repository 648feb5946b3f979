"""Map pages, one module for each part of the work; urls.py names every view by its module."""
