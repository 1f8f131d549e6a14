"""gia.toolbox"""
