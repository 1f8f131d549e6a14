"""gia.certificates"""
