"""Readers for the formats a report is published in besides workbooks: web pages and text copies."""
