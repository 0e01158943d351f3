"""Delegations of intergovernmental meetings: partners, invitations, nominations, accreditation, badges, protocol order, meeting documents and bilaterals."""
