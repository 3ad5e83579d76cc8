<#-- first line: notification title; the rest: its body -->
Order shipped
Order ${orderId}: ${carrier}, tracking ${trackingNumber}
