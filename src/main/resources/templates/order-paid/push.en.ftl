<#-- first line: notification title; the rest: its body -->
Payment received
Order ${orderId}: ${total} paid
