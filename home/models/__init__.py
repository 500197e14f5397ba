from .blocks import CodeSectionBlock, QuestionAnswerBlock
from .code_page import CodePage
from .content_page import ContentPage
from .faq_page import FAQPage
from .home_page import HomePage
from .provider_page import SIGN_UP_PERMISSION, ProviderPage
from .register_page import RegisterPage
from .snippets import Region, ServiceType
from .validators import HTTPS_ONLY_MESSAGE, HttpsURLField, validate_https_url

__all__ = [
    "HTTPS_ONLY_MESSAGE",
    "SIGN_UP_PERMISSION",
    "CodePage",
    "CodeSectionBlock",
    "ContentPage",
    "FAQPage",
    "HomePage",
    "HttpsURLField",
    "ProviderPage",
    "QuestionAnswerBlock",
    "Region",
    "RegisterPage",
    "ServiceType",
    "validate_https_url",
]
