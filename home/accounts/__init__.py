"""Providers' own accounts: signing in, their area at /account/, invitations
and sign-up. Every change a provider makes goes through the same actions the
editors' admin uses (a published page revision, or the commitments' services).
"""
