# The https-only link field is the plugin's, shared with report links.
from duq_workflow.commitments.validators import HTTPS_MESSAGE as HTTPS_ONLY_MESSAGE
from duq_workflow.commitments.validators import SecureURLField as HttpsURLField
from duq_workflow.commitments.validators import validate_https as validate_https_url

from .blocks import CodeSectionBlock, QuestionAnswerBlock
from .code_page import CodePage
from .content_page import ContentPage
from .easy_read import EasyReadLinks, EasyReadPage, EasyReadPages
from .faq_page import FAQPage
from .footer import FooterLink, FooterLinks
from .home_page import HomePage
from .owed_generation import OwedGeneration
from .provider_page import SIGN_UP_PERMISSION, ProviderPage
from .register_page import RegisterPage
from .snippets import Region, ServiceType

__all__ = [
    "HTTPS_ONLY_MESSAGE",
    "SIGN_UP_PERMISSION",
    "CodePage",
    "CodeSectionBlock",
    "ContentPage",
    "EasyReadLinks",
    "EasyReadPage",
    "EasyReadPages",
    "FAQPage",
    "FooterLink",
    "FooterLinks",
    "HomePage",
    "HttpsURLField",
    "OwedGeneration",
    "ProviderPage",
    "QuestionAnswerBlock",
    "Region",
    "RegisterPage",
    "ServiceType",
    "validate_https_url",
]
