"""A stand-in for safetytooling.data_models with only what the reference's model_helpers.py uses:
ChatMessage, MessageRole and Prompt (https://github.com/safety-research/safety-tooling). The real
classes are pydantic models; these keep the same fields and role values, which is all the goldens
read back."""

from dataclasses import dataclass, field
from enum import Enum
from typing import List


class MessageRole(str, Enum):
    user = "user"
    system = "system"
    developer = "developer"
    assistant = "assistant"


@dataclass
class ChatMessage:
    role: MessageRole
    content: str
    is_prefix: bool = False


@dataclass
class Prompt:
    messages: List[ChatMessage] = field(default_factory=list)
