"""The Insights page: is the follow-up working?"""
