"""gia.symbiosis"""
