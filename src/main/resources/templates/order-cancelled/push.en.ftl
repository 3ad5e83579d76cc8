<#-- first line: notification title; the rest: its body -->
Order cancelled
Order ${orderId} has been cancelled
