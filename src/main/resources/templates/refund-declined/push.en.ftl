<#-- first line: notification title; the rest: its body -->
Refund declined
The refund for order ${orderId} was declined
