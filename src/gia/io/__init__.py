"""gia.io"""
