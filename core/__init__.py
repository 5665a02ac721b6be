"""Platform-neutral building blocks shared by every layer: messages, channels, i18n, text folding, clocks."""
