import rules

from cocreate.accounts.rules import is_org_member, is_org_staff, is_platform_admin

# obj: a Service, or the Organisation for "add".
rules.add_perm("portfolio.view_service", is_org_member | is_platform_admin)
rules.add_perm("portfolio.add_service", is_org_staff)
rules.add_perm("portfolio.change_service", is_org_staff)
rules.add_perm("portfolio.assess_service", is_org_member)  # obj: a Service or ServiceAssessment
