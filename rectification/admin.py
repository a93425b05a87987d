"""Nothing of the rectification app is in the admin.

Lists, items, their progress, evidence files, status changes, opinion answers and activities are the
meeting's content (a member's items are read by that member, the secretary, the office and the
supervisors) and change only through rectification.services, which logs every change and asks a second
person for 销号 (三员分立, DESIGN §12).
"""
